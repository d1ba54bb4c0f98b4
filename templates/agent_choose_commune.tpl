{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
<p>[[Choisissez la commune :]]</p>
<ul>{{#COMMUNE}}<li><a href="{{URL}}">{{NAME}}</a></li>{{/COMMUNE}}</ul>
{{>FOOTER}}
